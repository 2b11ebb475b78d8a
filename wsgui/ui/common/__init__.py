"""Widgets and helpers every room uses, with no theme: labels, icons, resources, saved
window state, versions, the text dialog."""
