"""What the host must not call for an app installed from the directory, and why (in the person's words).

The host asks before each turn (`AppCatalog.live_tools`): for an app with a directory install record,
a tool is withheld when

- the installed version was yanked (the directory withdrew it),
- the person turned the tool off on the app's permissions page, or
- the live server's definition of the tool no longer matches the fingerprint the directory approved
  for that version (the rug-pull defence: the app changed after review). The person cannot approve
  such a change themselves, as they can for an app they installed by hand; only a newly reviewed
  version can, and the message says whether one is already published.

Apps installed by hand (no install record) get nothing withheld here; the host's own fingerprint check
applies to them as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from salon.directory.states import VersionState
from salon.errors import NotFoundError
from salon.host.fingerprint import fingerprint
from salon.host.tools import ToolSpec
from salon.store import Store


async def withheld_tools(store: Store, app: str, specs: Sequence[ToolSpec]) -> dict[str, str]:
    """Tool name → why the host must not call it, for the live `specs` of installed `app`."""
    install = await store.installs.find(app)
    if install is None:
        return {}
    try:
        version = await store.app_versions.get(install.version_id)
    except NotFoundError:
        return {
            spec.name: f"The directory no longer lists {install.listing}; Salon does not call it."
            for spec in specs
        }
    if version.state == VersionState.YANKED:
        why = version.reasons or "no reason was given"
        message = (
            f"The directory withdrew version {version.version} of this app ({why}); Salon no longer "
            "calls it. Uninstall it, or install a newer version from the directory."
        )
        return {spec.name: message for spec in specs}
    approved = version.fingerprints or {}
    withheld: dict[str, str] = {}
    newer: bool | None = None
    for spec in specs:
        if spec.name in install.revoked_tools:
            withheld[spec.name] = "You turned this tool off on the app's permissions page."
            continue
        if approved.get(spec.name) == fingerprint(spec):
            continue
        if newer is None:
            newer = await _newer_version_matches(store, install.listing, version.id, specs)
        action = (
            "A newer reviewed version is published: update the app from its directory page to use it."
            if newer
            else "It stays off until the developer's new version passes review."
        )
        withheld[spec.name] = (
            f"{spec.name} no longer matches version {version.version} as the directory reviewed it, so "
            f"Salon will not call it. {action}"
        )
    return withheld


async def _newer_version_matches(
    store: Store, listing: str, installed_id: str, specs: Sequence[ToolSpec]
) -> bool:
    live = {spec.name: fingerprint(spec) for spec in specs}
    for version in await store.app_versions.for_app(listing):
        if (
            version.id != installed_id
            and version.state == VersionState.PUBLISHED
            and version.fingerprints == live
        ):
            return True
    return False
