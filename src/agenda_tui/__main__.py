from agenda_tui.cli import main

main()
