import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the UI default is Dutch."""
    with translation.override("en"):
        yield
