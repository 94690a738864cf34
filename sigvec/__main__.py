from sigvec.cli import main

raise SystemExit(main())
