"""The spec stage: find comparison directories, read their YAML and validate it into typed models.

Nothing here imports another stage but grading (the grading systems a spec may declare).
"""
