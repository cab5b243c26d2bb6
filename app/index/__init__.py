"""The index: dense vectors in FAISS, a BM25 keyword index, and the manifest that ties them to the corpus."""
