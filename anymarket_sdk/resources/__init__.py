"""Resource namespaces. Each module describes its routes once (``_core.route``) and pairs a
sync and an async class whose methods only build an operation and send it."""
