"""The Chinese prompt files of 党建智答 (*.md), shipped as package data and read with importlib.resources."""
