"""The pure core: tenders, bids, awards, accounts. No AWS, no I/O, no clock: time is passed in."""
