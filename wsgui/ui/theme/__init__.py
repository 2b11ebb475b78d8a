"""Every color, per theme; the style; View > Theme."""
