"""Services: one use case each, over the ports in ``Deps``; entry points call only these."""
