"""`tutor serve`: the learner's app in a browser.

Layers: `tutor.cli.serve_cmd` (options) starts `server.py` (aiohttp: who may connect, one app
process per connection, downloads), which starts `python -m tutor.ui.serve.child` for each
browser tab: the same TutorApp as in a terminal, drawn through Textual's web driver. The
protocol between the two, and the page's terminal (xterm.js), are textual-serve's.
The server process itself never imports Textual.
"""
