"""komplan: communication plans for Nordic public-sector projects."""
