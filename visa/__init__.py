"""Visa answers tailored to the visitor: nationality understanding, stay length, and the visa rules as data.

- `visa.nationality`: country names and demonyms in nine languages, built from CLDR (Babel), and the
  extractor that finds them in a message (used by Rasa's NationalityExtractor and by the actions).
- `visa.stay`: the length of stay a message mentions ("two weeks", "2 tháng", "2週間").
- `visa.policy`: the visa rules (knowledge_base/visa_policy.yaml, editable in the workspace), their
  validation for `make check`, and the advice for one nationality and stay on a given day.

This package imports only Babel and PyYAML, so Rasa's own environment can load it.
"""
