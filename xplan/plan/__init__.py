"""Reading plans: bytes -> located YAML data (``loader``, ``locate``) -> typed model (``model``),
checked against the JSON Schema (``schema``, ``fastschema``); the catalog of a plans directory
(``catalog``), fiscal years (``years``), selection by organisation and year (``select``) and the
``Finding`` every check reports (``findings``)."""
