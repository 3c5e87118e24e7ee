"""Permission rules of this app (see migdev.registry.permissions).

A published release is public; drafts and reviewed releases are the
secretariat's. Importing, reviewing and publishing have no rule, so only the
secretariat passes.
"""

from __future__ import annotations

from migdev.indicators.models import Release
from migdev.registry import permissions
from migdev.registry.permissions import Roles

#: Import a release (from official files, an estimate or SDMX).
IMPORT = "import_release"
#: Mark a draft release as reviewed.
REVIEW = "review_release"
#: Publish a release: it becomes public and immutable.
PUBLISH = "publish_release"


@permissions.rule(Release, permissions.VIEW)
def _published(roles: Roles, release: Release | type) -> bool:
    return isinstance(release, Release) and release.is_published
