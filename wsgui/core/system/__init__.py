"""The app's place on the machine: crash log, desktop entry, resources, versions,
the garbage collector's settings, fuzzy matching."""
