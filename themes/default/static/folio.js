// folio default theme script (first cut).
