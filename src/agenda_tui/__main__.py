from agenda_tui.launch import main

main()
