from officer_tui.cli import main

raise SystemExit(main())
