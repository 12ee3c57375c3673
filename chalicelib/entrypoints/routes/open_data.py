"""Open data on the API: each tender's OCDS releases and record, the index of every release,
and the tender's history for the people concerned (the tender page shows it too)."""

from __future__ import annotations

from chalicelib.commands import ReleasesQuery
from chalicelib.domain import ocds
from chalicelib.domain.account import Viewer
from chalicelib.entrypoints import schemas
from chalicelib.entrypoints.api import ApiRouter, Call, Reply
from chalicelib.entrypoints.site import PageRouter
from chalicelib.services import open_data

api = ApiRouter()
pages = PageRouter()  # the history is a section of the tender's page (``tender_page.py``)


@api.route(
    "/api/tenders/{tender_id}/history",
    methods=["GET"],
    returns=(200, schemas.HistoryPage),
)
def tender_history(call: Call) -> Reply:
    """Its organizer, its bidders and admins: every change of the tender's state, oldest
    first (who, when, from → to, why); to the organizer after the close, every bid's
    revisions."""
    found = open_data.history(call.deps, call.principal, call.params["tender_id"])
    viewer = Viewer(call.principal.account_id, call.principal.role)
    return 200, schemas.HistoryPage.of(found, viewer)


@api.route(
    "/api/tenders/{tender_id}/ocds",
    methods=["GET"],
    returns=(200, schemas.ReleasePackageOut),
)
def tender_releases(call: Call) -> Reply:
    """Anyone: an OCDS 1.1 release package of every release of the tender, oldest first."""
    tender_id = call.params["tender_id"]
    found = open_data.releases(call.deps, tender_id)
    uri = call.absolute(f"/api/tenders/{tender_id}/ocds")
    package = ocds.release_package(uri, call.now, found)
    return 200, schemas.ReleasePackageOut.model_validate(package)


@api.route(
    "/api/tenders/{tender_id}/ocds/record",
    methods=["GET"],
    returns=(200, schemas.RecordPackageOut),
)
def tender_record(call: Call) -> Reply:
    """Anyone: an OCDS 1.1 record package, with the compiled release (OCDS's merge)."""
    tender_id = call.params["tender_id"]
    found, compiled = open_data.record(call.deps, tender_id)
    uri = call.absolute(f"/api/tenders/{tender_id}/ocds/record")
    package = ocds.record_package(uri, call.now, found, compiled)
    return 200, schemas.RecordPackageOut.model_validate(package)


@api.route(
    "/api/ocds/releases",
    methods=["GET"],
    query=ReleasesQuery,
    returns=(200, schemas.ReleasePackageOut),
)
def all_releases(call: Call) -> Reply:
    """Anyone: every public release from ``since`` on, oldest first, 100 a page (``next``)."""
    query = call.query(ReleasesQuery)
    found, following = open_data.index(call.deps, query.since, query.cursor)
    package = ocds.release_package(call.absolute("/api/ocds/releases"), call.now, found)
    return 200, schemas.ReleasePackageOut.model_validate({**package, "next": following})
