"""HTTP front end: the JSON API for intranet tools and the chat page for staff.

:func:`server.app.create_app` builds the FastAPI application; ``qa serve`` runs it on
uvicorn.
"""
