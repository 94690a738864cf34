module sigvec.dev/port

go 1.19
