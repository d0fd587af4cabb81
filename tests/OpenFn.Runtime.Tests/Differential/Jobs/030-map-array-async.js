map([3, 1, 2], async (n, i) => n * 10 + i);
