"""The composer: editor and modes, send progress, repeat, snippets and the on-connect
sequence."""
