"""One module per detector. Each exports ``DETECTOR``; the rule modules list theirs."""
