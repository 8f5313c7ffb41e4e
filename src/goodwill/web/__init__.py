"""The web interface: the local web app, the JSON API and the team server (`goodwill serve`).

Like the CLI it parses input and renders output, and calls services for everything else.
FastAPI, Starlette and the templates load only when a server starts.
"""
