"""Full-text search over the plans (``xplan search``) and similar issues (``xplan related``).

Japanese has no spaces between words, so nothing here splits words: texts and queries are
compared as characters after one normalisation (``fold``), a query word matches wherever its
characters occur, and similarity is measured on character n-grams.

- ``fold.py``: the normalisation (NFKC, case, long-vowel and dash variants), with the offsets
  back into the original text so that a hit can be highlighted where it is;
- ``texts.py``: every text of a plan as a record (organisation, year, issue, section, text);
- ``store.py``: the records of every plan in a SQLite database in the cache, updated per plan;
- ``query.py``: the query language, matching and BM25 ranking, snippets;
- ``related.py``: TF-IDF over character bigrams, cosine similarity between issues.
"""
