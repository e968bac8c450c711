"""The roles of retrieval, one small module each: the dense and lexical channels, their fusion, the
document priors of a question (named documents, versions, years, provisions about their own document,
article lookups), and the choice of hits. :class:`assistant.retrieve.Retriever` runs them in that order on
one snapshot."""
