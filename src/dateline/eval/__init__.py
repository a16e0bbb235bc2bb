"""Evaluation against public benchmarks, and the eval gate's pinned floors."""
