"""The web UI (Gradio): build with ``create_app(service, settings)``, serve with ``launch_app``."""

from assistant.webui.layout import create_app, launch_app

__all__ = ["create_app", "launch_app"]
