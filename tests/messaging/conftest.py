from tests.planning.conftest import groningen, planner, published_week  # noqa: F401 - fixtures
