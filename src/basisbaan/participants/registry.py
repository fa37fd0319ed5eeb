"""What higher layers add to the participant file, through functions they register in
``ready()``.

Participants sits below planning and guidance (docs/developing.md, "Layers"), so the file
never imports them: a higher app registers a link provider, and the file's header shows
the links its providers give for the viewing user.
"""

from collections.abc import Callable

# ``provider(user, participant) -> (label, url) | None``: a link on the file's header
# for staff who may follow it (None: not for this user).
FileLink = Callable[[object, object], tuple[str, str] | None]
_file_links: list[FileLink] = []


def register_file_link(provider: FileLink) -> None:
    if provider not in _file_links:
        _file_links.append(provider)


def file_links(user, participant) -> list[dict]:
    """The links the registered providers give ``user`` on ``participant``'s file."""
    links = []
    for provider in _file_links:
        link = provider(user, participant)
        if link is not None:
            label, url = link
            links.append({"label": label, "url": url})
    return links
