"""What the composer sends: encoding by mode, repeats."""
