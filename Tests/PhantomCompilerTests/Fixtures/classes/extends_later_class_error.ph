// §12.7: extends of a class defined later in the file is a forward reference
package .test;

class c extends d { // expect error: not defined
};

class d {
};
