"""The main window: tabs, menus, the command palette, dialogs, the runtime that builds it
and guards it."""
