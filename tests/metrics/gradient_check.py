"""The check both likelihood fits share: an exact gradient equals a numerical one."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import check_grad


def assert_exact_gradient(objective: Callable[..., tuple[float, np.ndarray]], data: object,
                          points: Sequence[Sequence[float]], penalizers: Sequence[float]) -> None:
    """`objective(theta, data, penalizer)` returns (value, gradient): at each point and
    penalizer the gradient must match central differences to a relative 1e-5."""
    for point in points:
        theta = np.array(point, dtype=float)
        for penalizer in penalizers:
            def value(t, penalizer=penalizer):
                return objective(t, data, penalizer)[0]

            def gradient(t, penalizer=penalizer):
                return objective(t, data, penalizer)[1]

            norm = np.linalg.norm(gradient(theta))
            assert check_grad(value, gradient, theta, epsilon=1e-7) < 1e-5 * max(norm, 1.0), (point, penalizer)
