"""Security of the GraphQL API: who is calling (``auth``), what they may see (``policy``), how much
they may ask (``limits``, ``cost``), which queries are accepted (``persisted``), what they are told
when something fails (``errors``) and what is recorded (``audit``). ``config`` reads the access file;
``setup`` turns settings into these pieces for :func:`chokepoint.api.app.create_app`.
"""
