"""What the loader checks, by kind: pure functions, tables (as read, strings) in, problems out.

- :mod:`.problems`: the one problem formatter (file, row, id, problem);
- :mod:`.registry`: passages, retired ids, one rendering per passage;
- :mod:`.spans`: rows that quote the source (apparatus, figures, events, numerals, entities);
- :mod:`.evidence`: the evidence vocabulary and what each kind may carry;
- :mod:`.readings`: competing readings (one preferred per span, alternatives naming their entry);
- :mod:`.corrections`: what each correction corrects;
- :mod:`.layers`: the layers that restate one another agree (figure status, rendering marks, dates).
"""
