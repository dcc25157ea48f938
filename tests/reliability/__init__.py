"""Reliability suite: property and fuzz tests over the decoders, validators, model round trips
and the secret-handling rules (issue 7). Every test here is bounded in time (small
``max_examples``, no deadline) so the whole package runs in seconds inside the test command.
"""
