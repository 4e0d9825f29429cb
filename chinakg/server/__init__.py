"""`chinakg serve`: a SPARQL endpoint, linked-data pages, the dataset description and dumps."""
