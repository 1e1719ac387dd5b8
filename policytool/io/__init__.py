"""Input and output: the one loader of documents, record writers, document sinks, columns.

- :mod:`policytool.io.loader` — :func:`load_documents`: files, directories, JSONL, stdin,
  decoded and parsed in one place;
- :mod:`policytool.io.writers` — record writers (tsv, csv, jsonl, json, table);
- :mod:`policytool.io.sinks` — where transformed documents go: safe output paths, atomic writes;
- :mod:`policytool.io.columns` — the columns of every record type, in order.

This layer imports nothing else of policytool's (but ``policytool.data``).
"""
