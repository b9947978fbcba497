/*
 * Control keys by name. With raw() a control key arrives from get_wch as
 * an ordinary character (kind OK): the letter's code with the top bits
 * cleared, Ctrl-T as 20. Function keys come as KEY_F(n) (kind
 * KEY_CODE_YES) and keep their curses names.
 */
#ifndef KIOSK_KEYS_H
#define KIOSK_KEYS_H

#define CTRL_KEY(letter) ((letter) & 0x1f)

#define KEY_CTRL_B CTRL_KEY('B')    /* page up in long texts */
#define KEY_CTRL_C CTRL_KEY('C')    /* quit (as Ctrl-X) */
#define KEY_CTRL_F CTRL_KEY('F')    /* page down in long texts */
#define KEY_CTRL_L CTRL_KEY('L')    /* repaint the terminal */
#define KEY_CTRL_N CTRL_KEY('N')    /* next match in a choice list */
#define KEY_CTRL_O CTRL_KEY('O')    /* the staff key (staff = yes) */
#define KEY_CTRL_P CTRL_KEY('P')    /* previous match in a choice list */
#define KEY_CTRL_R CTRL_KEY('R')    /* read again from the server */
#define KEY_CTRL_T CTRL_KEY('T')    /* switch language */
#define KEY_CTRL_X CTRL_KEY('X')    /* quit */
#define KEY_ESCAPE 27
#define KEY_CTRL_SPACE 0            /* NUL: the input method's 中/英 switch */

#endif
