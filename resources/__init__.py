"""Bundled assets: icons, style sheet and the sample programme (data only, no code)."""
