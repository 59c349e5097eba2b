"""Apps that exist only to test how the chat page renders views (see tests/browser/test_views.py).

    probe.py       a hostile MCP Apps view: tries to escape its sandbox and reports each attempt
    victim.py      another app, whose tool the probe tries to call; it logs every call it gets
    board.py       a ChatGPT-era app: a `text/html+skybridge` view written only against `window.openai`
    calllog.py     the append-only log both probe and victim write, so a test can see what reached them

Each is an MCP server over stdio: `python tests/views_fixtures/probe.py`.
"""
