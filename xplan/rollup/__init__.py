"""Roll issues up across organisations: grouping and counting (``groups``) and the policy-field
vocabulary (``fields``)."""
