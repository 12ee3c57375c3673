"""One router per feature: its JSON routes (``api``) beside its pages (``pages``)."""
