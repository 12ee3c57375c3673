from tests.functional.helpers import World


def test_a_bid_is_stored(world: World) -> None:
    organizer, caterer = world.organizer(), world.caterer()
    tender = world.tender(organizer)
    bid = world.bid(caterer, tender, "1000.00")
    assert world.deps.bids.own_bid(tender.id, caterer.account_id) == bid
