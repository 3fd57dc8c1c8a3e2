"""Safe reading and writing: a file read at most once and within limits (`fsread`, `textfile`), written atomically
with its identity kept and never over a change made since it was read (`apply`, `identity`, `swap`, `tempfiles`),
with signals and concurrent runs handled (`signals`, `lock`)."""
