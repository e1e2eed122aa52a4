"""The pipeline: build and check orchestrate the stages (spec, engine, render) and write outputs."""
