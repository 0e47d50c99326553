"""One module per layout of the city's template; each recognises itself from the text."""
