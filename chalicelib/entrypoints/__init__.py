"""Entry points: the JSON API, the jobs and (later) the pages. Thin: parse, call a service, map."""
