"""What a token, a word, a sentence, a name and a number are: the text concepts every
stage shares, each defined once (tokens and their match keys, character classes, names,
numbers, sentences, function words)."""
