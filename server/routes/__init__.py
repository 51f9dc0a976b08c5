"""One router per resource; :func:`server.app.create_app` includes them in order."""
