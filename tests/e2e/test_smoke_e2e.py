from tests.e2e.client import ApiClient


def test_server_answers(api: ApiClient) -> None:
    organizer = api.sign_up()
    tender = api.post_tender(organizer)
    assert api.call("GET", f"/api/tenders/{tender['id']}").json()["status"] == "open"
